project = "Items"
html_theme = "furo"
