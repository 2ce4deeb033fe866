"""Credentials of the API's client applications (the WeChat mini-program, the 12345 hotline bridge):
one key per registered client, managed in the admin, each with its own rate limit."""
