# The public consultation on a draft plan arrives with the issue that builds it.
