// MockServer target
