// Command sitegen renders the project's documentation site.
package main

import "fmt"

func main() {
	fmt.Println("rendering site")
}
