"""Durations as a meeting clock shows them."""


def minutes_seconds(seconds: float) -> str:
    """'12:03' for minutes and seconds; '1:02:03' past the hour."""
    total = int(max(0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
