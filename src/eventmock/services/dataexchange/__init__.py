"""AWS Data Exchange (service ``dataexchange``): data sets, revisions, assets, jobs, event actions."""
