// pinger resolves the hosts it is given and reports how long each lookup took.
package main

import (
	"fmt"
	"net"
	"os"
	"time"

	"golang.org/x/net/idna"
)

func main() {
	for _, host := range os.Args[1:] {
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", host, err)
			continue
		}
		start := time.Now()
		addrs, err := net.LookupHost(ascii)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", host, err)
			continue
		}
		fmt.Printf("%s %v %s\n", host, addrs, time.Since(start))
	}
}
