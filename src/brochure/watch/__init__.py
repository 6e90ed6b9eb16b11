"""Watch: rebuild the brochure whenever one of its files changes, keeping the last good PDF."""
