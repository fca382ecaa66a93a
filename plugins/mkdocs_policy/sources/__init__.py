"""Reading: the working tree, git at a commit, document.yml and releases.yml (with line numbers)."""
