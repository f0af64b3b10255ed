module example.com/sitegen

go 1.25.11
