// Package hello is the example feature. Copy its shape for new endpoints: a
// package per feature, a Routes function that registers its handlers, and
// one line in cmd/<name>/main.go that passes Routes to server.New.
package hello

import (
	"net/http"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// maxNameLength bounds the greeting so the response size stays predictable.
const maxNameLength = 64

// Routes registers the hello endpoints.
func Routes(r gin.IRouter) {
	r.GET("/v1/hello/:name", greet)
}

// Greeting is the response of GET /v1/hello/:name.
type Greeting struct {
	Message string `json:"message"`
}

func greet(c *gin.Context) {
	name := c.Param("name")
	if utf8.RuneCountInString(name) > maxNameLength {
		c.JSON(http.StatusBadRequest, gin.H{"error": "invalid_name", "message": "name must be at most 64 characters"})
		return
	}
	c.JSON(http.StatusOK, Greeting{Message: "hello, " + name})
}
