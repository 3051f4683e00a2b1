"""A URI template, not credentials."""

URI_FORMAT = "mongodb://[username:password@]host[:port]"
