"""Demo data: the hosted API's example workspace, so a new user sees real data at once."""
