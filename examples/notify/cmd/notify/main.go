// notify posts a message to a webhook.
package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"
)

func main() {
	resp, err := http.Post(os.Getenv("WEBHOOK_URL"), "text/plain", strings.NewReader(strings.Join(os.Args[1:], " ")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	resp.Body.Close()
}
