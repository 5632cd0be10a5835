"""What every page may say about the municipality: its profile (name, titles, document names)."""

from casework.models import Municipality


def profile(request) -> dict:
    return {"profile": Municipality.current()}
