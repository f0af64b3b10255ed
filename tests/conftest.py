"""Test-session settings shared by every test folder."""

# tests/realworld holds real files from public repositories (data for test_realworld.py),
# never tests to collect
collect_ignore = ["realworld"]
