module example.com/pinger

go 1.23.0

require golang.org/x/net v0.30.0
