"""Two-factor authentication: the login's second step, enrolment, recovery codes, admin reset."""
