// Prints log lines then panics while other goroutines are blocked, so that GOTRACEBACK=all
// dumps several goroutines (run it as: GOTRACEBACK=all go run go_panic.go).
package main

import (
	"log"
	"os"
	"sync"
)

type store struct{ items []int }

func (s *store) get(i int) int { return s.items[i] }

func worker(id int, wg *sync.WaitGroup, block chan struct{}) {
	defer wg.Done()
	<-block
}

func main() {
	log.SetOutput(os.Stderr)
	log.Println("starting workers")
	var wg sync.WaitGroup
	block := make(chan struct{})
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go worker(i, &wg, block)
	}
	log.Println("workers started")
	s := &store{items: []int{1, 2, 3}}
	log.Println("reading item", s.get(1))
	log.Println("reading item", s.get(5))
	close(block)
	wg.Wait()
}
