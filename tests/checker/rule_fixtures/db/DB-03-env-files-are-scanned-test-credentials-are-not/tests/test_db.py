"""Test credentials are not findings."""

URI = "mongodb://tester:secret-pass@localhost:27017"
