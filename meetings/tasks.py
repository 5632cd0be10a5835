"""The meeting's background work, run by `python manage.py db_worker`."""

from django.tasks import task


@task()
def sign_protocol(*, meeting_id: int) -> None:
    """Print and sign the justerade minutes; a failure is kept on the meeting for a retry."""
    from casework.models import Meeting
    from meetings.services import protocol_sign, protocol_sign_failed

    meeting = Meeting.objects.get(pk=meeting_id)
    try:
        protocol_sign(meeting=meeting)
    except Exception as error:
        protocol_sign_failed(meeting=meeting, error=f"{type(error).__name__}: {error}")
        raise
