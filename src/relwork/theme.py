"""relwork's colour theme. Styles use only theme variables, so 16-colour terminals
get the nearest ANSI colours and the built-in themes work too."""

from __future__ import annotations

from textual.theme import Theme

RELWORK_THEME = Theme(
    name="relwork",
    primary="#4F9CD9",
    secondary="#7BB389",
    accent="#E0A85C",
    warning="#E0A85C",
    error="#E06C6C",
    success="#7BB389",
    foreground="#E4E7EB",
    background="#14181D",
    surface="#1C2229",
    panel="#26303A",
    dark=True,
)
