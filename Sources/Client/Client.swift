// Client target
