"""Rendering: the pages of a site as data (Markdown plus context), notices, banners and redlines."""
