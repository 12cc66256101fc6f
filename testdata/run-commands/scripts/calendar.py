"""Release calendar of the team."""
RELEASES = ["2026-03", "2026-09"]
