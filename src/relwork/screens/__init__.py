"""One screen per place a user goes."""

from pathlib import Path

# Style sheets of the screens after the first one (see app.tcss). Absolute, so that a
# subclass defined in another folder still finds its parent's file.
DIALOG_STYLES = Path(__file__).with_name("dialogs.tcss")
WORKSPACE_STYLES = Path(__file__).with_name("workspace.tcss")
CAPTURE_STYLES = Path(__file__).with_name("capture.tcss")
