package hello

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	goleak.VerifyTestMain(m)
}

func serve(t *testing.T, path string) *httptest.ResponseRecorder {
	t.Helper()
	engine := gin.New()
	Routes(engine)
	rec := httptest.NewRecorder()
	engine.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil))
	return rec
}

func TestGreetsByName(t *testing.T) {
	rec := serve(t, "/v1/hello/gopher")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, body %s", rec.Code, rec.Body)
	}
	var got Greeting
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Message != "hello, gopher" {
		t.Fatalf("message %q", got.Message)
	}
}

func TestRejectsOverlongName(t *testing.T) {
	rec := serve(t, "/v1/hello/"+strings.Repeat("a", maxNameLength+1))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", rec.Code)
	}
}
