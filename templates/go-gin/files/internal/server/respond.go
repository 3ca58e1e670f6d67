package server

import (
	"github.com/gin-gonic/gin"
)

// ErrorBody is the JSON shape of every error the middleware produces.
type ErrorBody struct {
	// Error is a stable machine-readable code such as "not_found".
	Error string `json:"error"`
	// Message explains the error to a human.
	Message string `json:"message"`
}

// abortJSON stops the chain and answers with an ErrorBody.
func abortJSON(c *gin.Context, status int, code, message string) {
	c.AbortWithStatusJSON(status, ErrorBody{Error: code, Message: message})
}
