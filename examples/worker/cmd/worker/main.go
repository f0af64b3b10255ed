// The background worker: polls the job queue over HTTP.
package main

import (
	"log"
	"net/http"
	"time"
)

func main() {
	for range time.Tick(10 * time.Second) {
		resp, err := http.Get("http://queue:8080/next")
		if err != nil {
			log.Print(err)
			continue
		}
		resp.Body.Close()
	}
}
