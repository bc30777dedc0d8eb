// A Hop3 sample app: a plain net/http server answering on $PORT.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Hello from go-app")
	})
	log.Printf("go-app listening on port %s", port)
	// Hop3 sets HOST to 127.0.0.1: the proxy is the way in.
	log.Fatal(http.ListenAndServe(os.Getenv("HOST")+":"+port, nil))
}
