"""Small helpers every layer may use, knowing nothing of episodes: dates, time codes, text, YAML and XML read
safely, and files written whole."""
