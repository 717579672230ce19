"""The site's templates (`templates/`: a base and one template per page kind), its stylesheet and its scripts
(`static/`). Resources only: `etl.load.site.render` loads them."""
