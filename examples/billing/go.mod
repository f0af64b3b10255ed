module github.com/example-corp/billing

go 1.24.2

require (
	github.com/jackc/pgx/v5 v5.7.2
	github.com/shopspring/decimal v1.4.0
	golang.org/x/sync v0.10.0
)
