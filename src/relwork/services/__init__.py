"""The domain: queries, rules and changes. No Textual in here; screens call these."""
