"""An indicator drawn as a small inline SVG chart: its baseline, its target
as a line, its measurements in time. Time runs in the reading direction:
right to left in Arabic. Coordinates are strings, so no locale's decimal
comma reaches the SVG."""

from datetime import date
from decimal import Decimal

WIDTH, HEIGHT, PAD = 320, 120, 12


def _f(number: float) -> str:
    return f"{number:.1f}"


def chart(indicator, measurements, *, rtl: bool) -> dict | None:
    """What the template draws, or None when there is nothing to draw."""
    dated: list[tuple[date, Decimal]] = [(m.measured_on, m.value) for m in measurements]
    baseline = None
    if indicator.baseline_value is not None and indicator.baseline_on:
        baseline = (indicator.baseline_on, indicator.baseline_value)
    values = [value for _day, value in dated]
    values += [v for v in (indicator.baseline_value, indicator.target_value) if v is not None]
    if not values:
        return None
    days = [day for day, _value in dated]
    days += [day for day in (indicator.baseline_on, indicator.target_on) if day]
    low, high = min([*values, Decimal(0)]), max(values)
    if high == low:
        high = low + 1
    first = min(days) if days else None
    span = ((max(days) - first).days if days else 0) or 1

    def x(day: date) -> str:
        position = PAD + (day - first).days / span * (WIDTH - 2 * PAD)
        return _f(WIDTH - position if rtl else position)

    def y(value: Decimal) -> str:
        return _f(HEIGHT - PAD - float((value - low) / (high - low)) * (HEIGHT - 2 * PAD))

    points = [{"x": x(day), "y": y(value)} for day, value in dated]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": _f(HEIGHT - PAD),
        "target_y": y(indicator.target_value) if indicator.target_value is not None else None,
        "baseline": {"x": x(baseline[0]), "y": y(baseline[1])} if baseline else None,
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
    }
