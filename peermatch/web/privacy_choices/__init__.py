"""A person's privacy choices: which emails they get, and consent to the privacy statement."""
