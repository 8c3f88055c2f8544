"""Local emulator of the Genesys Cloud Platform API v2 (routing subset).

Standard library only.  See framework.py for how resource modules plug in,
server.py for the emulator instance, http_handler.py for the HTTP front end and cli.py
for the command line.
"""

__version__ = "0.1.0"
