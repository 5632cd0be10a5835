"""The kinds of case, registered by the apps that know them (motions registers motion,
medborgarförslag and skrivelse); the core stores a kind's value and never names one."""

_case_kinds: dict[str, str] = {}


def register_case_kind(value: str, label: str) -> str:
    _case_kinds[value] = label
    return value


def case_kind_choices() -> list[tuple[str, str]]:
    return list(_case_kinds.items())


def case_kind_label(value: str) -> str:
    return _case_kinds.get(value, value)
