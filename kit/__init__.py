"""The teaching kit's package: load the case study's data and use it in lessons."""
