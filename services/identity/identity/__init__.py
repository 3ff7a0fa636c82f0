"""Identity service: accounts, logins, SMS codes, identity matching."""
