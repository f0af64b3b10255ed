package main

import (
	"database/sql"
	"log"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	db, err := sql.Open("sqlite3", "/data/notes.db")
	if err == nil {
		err = db.Ping()
	}
	if err != nil {
		log.Fatal(err)
	}
}
