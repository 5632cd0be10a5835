"""A database made before the decision chain became rows keeps every fact when migrated: the
statuses that named Stockholm's bodies become the chain's, and each decision the old columns held
(borgarrådsberedningen's, KS's, KF's) gets its step."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework import services

D = datetime.date
BEFORE = [
    ("casework", "0013_body_running_name"),
    ("motions", "0005_utlatande_frozen_html"),
    ("referrals", "0002_history"),
]
AFTER = [
    ("casework", "0015_bodies_of_every_kind_and_registered_document_kinds"),
    ("motions", "0007_decision_columns_removed_and_joint_documents"),
    ("referrals", "0003_referral_answers_of_every_kind"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest(transactional_db):
    """Whatever happens, the other tests find the schema of today."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    services.reindex_after_migrate(sender=None)  # as the migrate command's post_migrate does


def test_the_old_columns_and_statuses_become_the_chain_with_every_fact_kept(back_to_the_latest):
    old = migrate(BEFORE)
    Body, Registry, Person = (old.get_model("casework", m) for m in ("Body", "Registry", "Person"))
    Case, CaseEvent, Meeting, Decision = (
        old.get_model("casework", m) for m in ("Case", "CaseEvent", "Meeting", "Decision")
    )
    Motion, Utlatande = old.get_model("motions", "Motion"), old.get_model("motions", "Utlatande")
    kf = Body.objects.create(name="Kommunfullmäktige", kind="fullmaktige")
    ks = Body.objects.create(name="Kommunstyrelsen", kind="styrelse")
    brb = Body.objects.create(name="Borgarrådsberedningen", kind="beredning")
    registry = Registry.objects.create(prefix="KS", name="KS diarium", body=ks)
    chair = Person.objects.create(first_name="Karin", last_name="Wanngård")

    def case(sequence, status, events):
        made = Case.objects.create(
            registry=registry,
            year=2023,
            sequence=sequence,
            kind="motion",
            title=f"Motion {sequence}",
            status=status,
        )
        for before, after in events:
            CaseEvent.objects.create(case=made, from_status=before, to_status=after)
        return made

    def decision(made, body, date):
        return Decision.objects.create(
            meeting=Meeting.objects.get_or_create(body=body, date=date)[0],
            case=made,
            items=["Beslut."],
        )

    at_brb = case(
        1, "hos_borgarradsberedningen", [("under_beredning", "hos_borgarradsberedningen")]
    )
    proposed = case(2, "ks_har_foreslagit", [("hos_borgarradsberedningen", "ks_har_foreslagit")])
    decided = case(3, "kf_har_beslutat", [("ks_har_foreslagit", "kf_har_beslutat")])
    for made in (at_brb, proposed, decided):
        Motion.objects.create(case=made, filed_on=D(2023, 9, 25))
    Utlatande.objects.create(motion_id=at_brb.pk, rapporteur=chair)
    Utlatande.objects.create(
        motion_id=proposed.pk,
        rapporteur=chair,
        signatory=chair,
        endorsement=decision(proposed, brb, D(2024, 5, 22)),
        ks_decision=decision(proposed, ks, D(2024, 6, 5)),
    )
    Utlatande.objects.create(
        motion_id=decided.pk,
        rapporteur=chair,
        signatory=chair,
        endorsement=decision(decided, brb, D(2024, 5, 22)),
        ks_decision=decision(decided, ks, D(2024, 6, 5)),
    )
    Motion.objects.filter(case=decided).update(
        kf_decision=decision(decided, kf, D(2024, 6, 17)), outcome="avslag"
    )

    new = migrate(AFTER)
    Case, CaseEvent, Decision = (
        new.get_model("casework", m) for m in ("Case", "CaseEvent", "Decision")
    )
    ChainStep = new.get_model("casework", "ChainStep")
    steps = list(
        ChainStep.objects.filter(case_kind="motion")
        .order_by("position")
        .values_list("body__name", flat=True)
    )
    assert steps == ["Borgarrådsberedningen", "Kommunstyrelsen", "Kommunfullmäktige"]

    def state(pk):
        made = Case.objects.get(pk=pk)
        decisions = Decision.objects.filter(case=made).order_by("meeting__date")
        return (
            made.status,
            made.step and made.step.body.name,
            [(d.meeting.body.name, d.step.position) for d in decisions],
            list(CaseEvent.objects.filter(case=made).values_list("from_status", "to_status")),
        )

    assert state(at_brb.pk) == (
        "i_beslutsgangen",
        "Borgarrådsberedningen",
        [],
        [("under_beredning", "i_beslutsgangen")],
    )
    assert state(proposed.pk) == (
        "i_beslutsgangen",
        "Kommunfullmäktige",
        [("Borgarrådsberedningen", 1), ("Kommunstyrelsen", 2)],
        [("i_beslutsgangen", "i_beslutsgangen")],
    )
    assert state(decided.pk) == (
        "avgjord",
        None,
        [("Borgarrådsberedningen", 1), ("Kommunstyrelsen", 2), ("Kommunfullmäktige", 3)],
        [("i_beslutsgangen", "avgjord")],
    )
    assert new.get_model("motions", "Motion").objects.get(case_id=decided.pk).outcome == "avslag"
