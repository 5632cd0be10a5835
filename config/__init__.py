"""The site: settings, the root URLconf and the WSGI entry point, apart from the core (casework)."""
