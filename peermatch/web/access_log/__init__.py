"""Who read whose data (NEN 7513): the person's own view, the coordinator's, the admin CSV."""
