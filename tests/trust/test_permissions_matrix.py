"""Every URL, requested as anonymous and as each role, answers as the permission rules say.

The demo case KS 2023/1387 stands "hos kommunfullmäktige"; its utlåtande is final, and it is
reported to KF under the one-year rule.
"""

from django.urls import URLPattern, URLResolver, get_resolver

from casework import roles

ROLES = [
    None,
    roles.REGISTRATOR,
    roles.HANDLAGGARE,
    roles.NAMNDSEKRETERARE,
    roles.POLITIKER,
    roles.ADMINISTRATOR,
]
A, R, H, N, P, D = (
    "anon",
    roles.REGISTRATOR,
    roles.HANDLAGGARE,
    roles.NAMNDSEKRETERARE,
    roles.POLITIKER,
    roles.ADMINISTRATOR,
)
LOGGED_IN = [R, H, N, P, D]
CASE = "/arenden/KS-2023-1387"


def only(roles_allowed, allowed, others=403, anon=302):
    table = {A: anon}
    table.update({role: (allowed if role in roles_allowed else others) for role in LOGGED_IN})
    return table


def matrix(ids) -> dict[str, tuple[str, dict]]:
    clerks = [R, H, N, D]
    KF_MEETING = f"/sammantraden/{ids['kf_meeting']}"
    everyone = dict.fromkeys([A, *LOGGED_IN], 200)
    return {
        "home": ("/", dict.fromkeys([A, *LOGGED_IN], 302)),
        "case_list": ("/arenden/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "case_detail": (f"{CASE}/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "login": ("/konto/logga-in/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "logout": ("/konto/logga-ut/", dict.fromkeys([A, *LOGGED_IN], 405)),
        "second_factor": ("/konto/tvafaktor/", only(LOGGED_IN, 200)),
        # OpenID Connect is off unless configured (tests/accounts/ turn it on)
        "accounts:oidc_start": ("/konto/oidc/logga-in/", dict.fromkeys([A, *LOGGED_IN], 404)),
        "accounts:oidc_callback": ("/konto/oidc/klar/", dict.fromkeys([A, *LOGGED_IN], 404)),
        # Sign-in with e-legitimation is off unless configured (tests/accounts/ turn it on).
        "saml2_login": ("/konto/saml2/login/", only(LOGGED_IN, 302, anon=404)),  # signed in: on
        "saml2_acs": ("/konto/saml2/acs/", dict.fromkeys([A, *LOGGED_IN], 405)),
        "saml2_ls": ("/konto/saml2/ls/", dict.fromkeys([A, *LOGGED_IN], 404)),
        "saml2_ls_post": ("/konto/saml2/ls/post/", dict.fromkeys([A, *LOGGED_IN], 404)),
        "saml2_metadata": ("/konto/saml2/metadata/", dict.fromkeys([A, *LOGGED_IN], 404)),
        "motions:dashboard": ("/start/", only(LOGGED_IN, 200)),
        "motions:case_export": ("/arenden/export.csv", dict.fromkeys([A, *LOGGED_IN], 200)),
        "motions:case_import": ("/arenden/importera/", only([D], 200)),
        "motions:register": ("/arenden/ny-motion/", only([R, D], 200)),
        "motions:move": (f"{CASE}/skede/", only([R, H, D], 302)),
        "motions:edit_details": (f"{CASE}/uppgifter/", only([R, H, D], 200)),
        "motions:history": (f"{CASE}/historik/", only(clerks, 200)),
        "motions:withdraw": (f"{CASE}/aterkalla/", only([R, D], 200)),
        "motions:draft": (f"{CASE}/utlatande/redigera/", only([H, D], 302)),
        "motions:draft_section": (f"{CASE}/utlatande/redigera/rubrik/", only([H, D], 302)),
        "motions:decide": (f"{CASE}/beslut/", only([R, H, D], 200)),
        "motions:skip": (f"{CASE}/hoppa-over/", only([R, H, D], 302)),
        "motions:deadline_reports": ("/ettarsredovisning/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "motions:deadline_report_new": ("/ettarsredovisning/ny/", only([R, H, D], 200)),
        "motions:deadline_report": (
            f"/ettarsredovisning/{ids['report']}/",
            dict.fromkeys([A, *LOGGED_IN], 200),
        ),
        "motions:write_off": (f"/ettarsredovisning/{ids['report']}/avskriv/", only([R, H, D], 200)),
        "motions:utlatande_preview": (f"{CASE}/utlatande/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "motions:utlatande_pdf": (f"{CASE}/utlatande.pdf", dict.fromkeys([A, *LOGGED_IN], 200)),
        "referrals:refer": (f"{CASE}/remittera/", only([R, H, D], 302)),
        "referrals:outside_body_new": (f"{CASE}/remittera/ny-instans/", only([R, H, D], 200)),
        "referrals:answer_written": (f"{CASE}/remissvar/skriftligt/", only([R, H, D], 200)),
        "referrals:decline": (f"{CASE}/remissvar/avstar/", only([R, H, D], 200)),
        "referrals:answer_committee": (f"{CASE}/remissvar/namnd/", only([R, N, D], 200)),
        "my_decisions": ("/mina-beslut/", only(LOGGED_IN, 200)),
        "statement_announce": (f"/beslut/{ids['decision']}/anmal/", only(LOGGED_IN, 405)),
        "statement_edit": (f"/uttalanden/{ids['statement']}/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "statement_confirm": (f"/uttalanden/{ids['statement']}/bekrafta/", only(LOGGED_IN, 405)),
        "statement_decline": (f"/uttalanden/{ids['statement']}/avboj/", only(LOGGED_IN, 405)),
        "statement_correct": (f"/uttalanden/{ids['statement']}/rattelse/", only([R, N, D], 200)),
        "meetings:justering": (f"/sammantraden/{ids['meeting']}/justering/", only(clerks, 200)),
        "document_register": (f"{CASE}/handlingar/ny/", only([R, D], 200)),
        "document_cancel": (f"/handlingar/{ids['document']}/makulera/", only([R, D], 200)),
        "document_secrecy": (f"/handlingar/{ids['document']}/sekretess/", only([R, D], 200)),
        "document_file": (
            f"/handlingar/{ids['document']}/fil/",
            dict.fromkeys([A, *LOGGED_IN], 200),
        ),
        "admin:index": ("/admin/", dict.fromkeys([A, *LOGGED_IN], 302)),
        # Meetings: the agenda, minutes and anslagstavla are public; the secretary's steps are
        # the clerks'; a POST-only step answers a GET with 405 before asking who it is.
        "meetings:list": ("/sammantraden/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "meetings:new": ("/sammantraden/nytt/", only(clerks, 200)),
        "meetings:detail": (f"{KF_MEETING}/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "meetings:agenda_pdf": (f"{KF_MEETING}/kallelse.pdf", dict.fromkeys([A, *LOGGED_IN], 200)),
        "meetings:agenda_build": (f"{KF_MEETING}/bygg/", dict.fromkeys([A, *LOGGED_IN], 405)),
        "meetings:item_new": (f"{KF_MEETING}/punkter/ny/", only(clerks, 200)),
        "meetings:kallelse_send": (f"{KF_MEETING}/kallelse/", dict.fromkeys([A, *LOGGED_IN], 405)),
        "meetings:item_change": (
            f"{KF_MEETING}/punkter/{ids['item']}/andra/",
            dict.fromkeys([A, *LOGGED_IN], 405),
        ),
        "meetings:open": (f"{KF_MEETING}/oppna/", only(clerks, 200)),
        "meetings:item": (
            f"{KF_MEETING}/paragrafer/{ids['item']}/",
            dict.fromkeys([A, *LOGGED_IN], 200),
        ),
        # the live meeting: only while it is open (the demo's KF meeting is not)
        "meetings:member": (f"{KF_MEETING}/deltar/", only(LOGGED_IN, 200)),
        "meetings:chair": (f"{KF_MEETING}/leder/", only(clerks, 200)),
        # the election's page says there is none; its ballots are shown only once it is closed
        "meetings:election": (
            f"{KF_MEETING}/paragrafer/{ids['item']}/val/",
            dict.fromkeys([A, *LOGGED_IN], 200),
        ),
        "meetings:election_tally": (
            f"{KF_MEETING}/paragrafer/{ids['item']}/val/rostsedlar/",
            dict.fromkeys([A, *LOGGED_IN], 404),
        ),
        # a member's private note: only for a member of the body, only their own
        "meetings:item_note": (
            f"{KF_MEETING}/paragrafer/{ids['item']}/anteckning/",
            dict.fromkeys([A, *LOGGED_IN], 404),
        ),
        "meetings:note": (
            "/anteckningar/00000000-0000-4000-8000-000000000000/",
            dict.fromkeys([A, *LOGGED_IN], 404),
        ),
        "meetings:justera": (f"{KF_MEETING}/justera/", dict.fromkeys([A, *LOGGED_IN], 405)),
        "meetings:sign_retry": (f"{KF_MEETING}/signera/", dict.fromkeys([A, *LOGGED_IN], 405)),
        "meetings:anslag": (f"{KF_MEETING}/anslag/", only(clerks, 200)),
        "meetings:close": (f"{KF_MEETING}/avsluta/", only(clerks, 200)),
        # not opened here, so no minutes of its own (a justerat protokoll is public: test_meetings)
        "meetings:protocol": (f"{KF_MEETING}/protokoll/", dict.fromkeys([A, *LOGGED_IN], 404)),
        "meetings:protocol_pdf": (
            f"{KF_MEETING}/protokoll.pdf",
            dict.fromkeys([A, *LOGGED_IN], 404),
        ),
        "meetings:screen": (f"{KF_MEETING}/skarm/", everyone),
        # the live stream needs the ASGI server; the test client is WSGI
        "meetings:live": (f"{KF_MEETING}/live/", dict.fromkeys([A, *LOGGED_IN], 503)),
        "meetings:anslagstavla": ("/anslagstavla/", dict.fromkeys([A, *LOGGED_IN], 200)),
        # Calendars of the meetings, and following by e-mail: anyone, no login; a link that
        # is no signed token is refused
        "meetings:calendar": ("/sammantraden/kalender.ics", everyone),
        "meetings:calendar_body": (f"/sammantraden/organ/{ids['body']}/kalender.ics", everyone),
        "follows:follow": ("/folj/?arende=KS-2023-1387", everyone),
        "follows:confirm": ("/folj/bekrafta/x/", dict.fromkeys([A, *LOGGED_IN], 400)),
        "follows:unsubscribe": ("/folj/avsluta/x/", dict.fromkeys([A, *LOGGED_IN], 400)),
        "diarium": ("/diarium/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "postlista": ("/diarium/postlista/", dict.fromkeys([A, *LOGGED_IN], 200)),
        # Atom feeds of the public record, and the page that explains them
        "feeds": ("/floden/?arende=KS-2023-1387", dict.fromkeys([A, *LOGGED_IN], 200)),
        "meetings:feed_anslag": ("/flode/anslagstavla/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "feed_decisions": ("/flode/beslut/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "feed_body": (f"/flode/organ/{ids['body']}/", dict.fromkeys([A, *LOGGED_IN], 200)),
        "feed_case": ("/flode/arenden/KS-2023-1387/", dict.fromkeys([A, *LOGGED_IN], 200)),
        # The archivist's packages: not public (secret documents are in them)
        "archive:exports": ("/arkiv/", only([R, D], 200)),
        "archive:package": ("/arkiv/999999/paket.zip", only([R, D], 404)),
        "archive:retry": ("/arkiv/999999/forsok-igen/", dict.fromkeys([A, *LOGGED_IN], 405)),
        # Statistics and the OParl API: open to all, read-only
        "statistics": ("/statistik/", everyone),
        "statistics_csv": ("/statistik/remissvar.csv", everyone),
        **{
            f"oparl:{name}": (f"/oparl/v1/{path}", everyone)
            for name, path in [
                ("system", ""),
                ("openapi", "openapi.json"),
                ("body_list", "body/"),
                ("body", "body/1/"),
                *(
                    (f"{kind}_list", f"body/1/{kind}/")
                    for kind in [
                        "organization",
                        "person",
                        "membership",
                        "meeting",
                        "agendaitem",
                        "paper",
                        "file",
                        "legislativeterm",
                    ]
                ),
                ("organization", f"organization/{ids['body']}/"),
                ("organization_meeting_list", f"organization/{ids['body']}/meeting/"),
                ("person", f"person/{ids['person']}/"),
                ("membership", f"membership/{ids['membership']}/"),
                ("meeting", f"meeting/{ids['kf_meeting']}/"),
                ("agendaitem", f"agendaitem/{ids['item']}/"),
                ("paper", f"paper/{ids['case']}/"),
                ("consultation", f"consultation/remiss-{ids['referral']}/"),
                ("file", f"file/{ids['document']}/"),
                ("legislativeterm", "legislativeterm/2022/"),
            ]
        },
    }


def url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_the_matrix_names_every_url_of_the_site(ids):
    assert url_names() | {"admin:index"} == set(matrix(ids))


def test_every_url_answers_each_role_as_the_rules_say(client, ids, user_with_role):
    users = {role: user_with_role(role, f"matris-{i}") for i, role in enumerate(LOGGED_IN)}
    wrong = []
    for name, (url, expected) in matrix(ids).items():
        for role in [A, *LOGGED_IN]:
            client.logout()
            if role != A:
                client.force_login(users[role])
            status = client.get(url).status_code
            if status != expected[role]:
                wrong.append(f"{name} as {role}: {status}, expected {expected[role]}")
    assert wrong == []


def test_every_url_answers_a_post_by_each_role_as_the_rules_say(client, ids, user_with_role):
    """A POST (empty, or with a row id from another record) is never a 500, and a role the GET
    refuses is refused the POST too: nobody writes through a page they may not open."""
    users = {role: user_with_role(role, f"matris-{i}") for i, role in enumerate(LOGGED_IN)}
    bodies = [{}, {"invitee": ids["decision"], "kind": "reservation", "reason": "x", "note": "x"}]
    wrong = []
    for name, (url, expected) in matrix(ids).items():
        if name in {"logout", "admin:index"}:
            continue
        for role in [A, *LOGGED_IN]:
            client.logout()
            if role != A:
                client.force_login(users[role])
            for body in bodies:
                status = client.post(url, body).status_code
                refused = expected[role] in (302, 403) and (role == A or expected[role] == 403)
                if status >= 500 or (refused and status != expected[role]):
                    wrong.append(f"POST {name} as {role}: {status}, expected {expected[role]}")
    assert wrong == []
