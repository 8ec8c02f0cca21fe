"""One screen per place a user goes."""
