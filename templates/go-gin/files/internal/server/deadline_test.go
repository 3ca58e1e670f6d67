package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// slowRoutes are handlers that overrun the deadline in different ways.
// release unblocks the ones that ignore their context; lateWrites receives
// the error of every write attempted after the deadline.
func slowRoutes(release <-chan struct{}, lateWrites chan<- error) func(gin.IRouter) {
	return func(r gin.IRouter) {
		r.GET("/ignores-context", func(c *gin.Context) {
			<-release
			_, err := c.Writer.WriteString("too late")
			lateWrites <- err
		})
		r.GET("/honours-context", func(c *gin.Context) {
			<-c.Done()
			c.Header("X-Late", "1")
			c.JSON(http.StatusServiceUnavailable, gin.H{"late": true})
			var err error
			if last := c.Errors.Last(); last != nil {
				err = last.Err
			}
			lateWrites <- err
		})
		r.GET("/started-streaming", func(c *gin.Context) {
			c.String(http.StatusOK, "partial")
			c.Writer.Flush()
			<-c.Request.Context().Done()
			_, err := c.Writer.WriteString(" and more")
			lateWrites <- err
		})
		r.GET("/panics-late", func(c *gin.Context) {
			<-c.Done()
			panic("after the deadline")
		})
		r.GET("/status-only", func(c *gin.Context) {
			c.Header("X-Handler", "yes")
			c.Status(http.StatusAccepted)
		})
		r.GET("/hijack", func(c *gin.Context) {
			conn, buf, err := c.Writer.Hijack()
			if err != nil {
				lateWrites <- err
				return
			}
			defer func() { _ = conn.Close() }()
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			_ = buf.Flush()
		})
	}
}

// timedServer serves the full chain over real HTTP, because the point of the
// deadline is what a client on a socket receives while the handler runs.
func timedServer(t *testing.T) (url string, release func(), lateWrites chan error, logs *logBuffer) {
	t.Helper()
	unblock := make(chan struct{})
	lateWrites = make(chan error, 8)
	s, logs := newTestServer(t, testConfig(), slowRoutes(unblock, lateWrites))
	ts := httptest.NewServer(s.Handler())
	var once sync.Once
	release = func() { once.Do(func() { close(unblock) }) }
	t.Cleanup(func() {
		release()
		ts.Close()
	})
	return ts.URL, release, lateWrites, logs
}

func TestDeadlineAnswers504WhileHandlerIgnoresContext(t *testing.T) {
	url, release, lateWrites, logs := timedServer(t)

	// The handler blocks until release; a client that gets any answer
	// before its own timeout got it from the deadline, not the handler.
	client := testClient(5 * time.Second)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/ignores-context", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(RequestIDHeader, "slow-1")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("no answer while the handler was blocked: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatalf("reading the 504 body while the handler was blocked: %v", err)
	}
	t.Logf("504 read %s after the request (deadline %s)", time.Since(start).Round(time.Millisecond), testConfig().HTTP.HandlerTimeout)
	if resp.StatusCode != http.StatusGatewayTimeout || errorCode(t, body) != "deadline_exceeded" {
		t.Fatalf("got %d %s, want a JSON 504", resp.StatusCode, body)
	}
	if resp.Header.Get(RequestIDHeader) != "slow-1" || resp.Header.Get("X-Content-Type-Options") == "" {
		t.Fatalf("504 lost the headers set before the handler: %v", resp.Header)
	}

	release()
	if err := <-lateWrites; !errors.Is(err, http.ErrHandlerTimeout) {
		t.Fatalf("late write returned %v, want http.ErrHandlerTimeout", err)
	}
	waitForLog(t, logs, func(line map[string]any) bool {
		return line["request_id"] == "slow-1" && line["status"] == float64(http.StatusGatewayTimeout) &&
			strings.Contains(line["errors"].(string), errDeadline.Error())
	})
}

func TestDeadlineDropsWritesOfAHandlerThatHonoursContext(t *testing.T) {
	url, _, lateWrites, _ := timedServer(t)
	status, body := get(t, testClient(5*time.Second), url+"/honours-context")
	if status != http.StatusGatewayTimeout || !strings.Contains(body, "deadline_exceeded") {
		t.Fatalf("got %d %s", status, body)
	}
	if err := <-lateWrites; !errors.Is(err, http.ErrHandlerTimeout) {
		t.Fatalf("late render error %v, want http.ErrHandlerTimeout", err)
	}
}

func TestDeadlineCannotReplaceAStartedResponse(t *testing.T) {
	url, _, lateWrites, _ := timedServer(t)
	status, body := get(t, testClient(5*time.Second), url+"/started-streaming")
	if status != http.StatusOK || body != "partial" {
		t.Fatalf("got %d %q, want the handler's 200 without later writes", status, body)
	}
	if err := <-lateWrites; !errors.Is(err, http.ErrHandlerTimeout) {
		t.Fatalf("late write returned %v", err)
	}
}

func TestPanicAfterDeadlineKeeps504(t *testing.T) {
	url, _, _, logs := timedServer(t)
	status, _ := get(t, testClient(5*time.Second), url+"/panics-late")
	if status != http.StatusGatewayTimeout {
		t.Fatalf("got %d", status)
	}
	waitForLog(t, logs, func(line map[string]any) bool { return line["msg"] == "panic recovered" })
}

func TestFastHandlerKeepsItsHeadersAndStatus(t *testing.T) {
	s, _ := newTestServer(t, testConfig(), slowRoutes(nil, nil))
	rec := do(s.Handler(), http.MethodGet, "/status-only", nil, nil)
	if rec.Code != http.StatusAccepted || rec.Header().Get("X-Handler") != "yes" || rec.Header().Get(RequestIDHeader) == "" {
		t.Fatalf("got %d %v", rec.Code, rec.Header())
	}
}

func TestHijackedConnectionIsLeftAlone(t *testing.T) {
	url, _, _, _ := timedServer(t)
	status, body := get(t, testClient(5*time.Second), url+"/hijack")
	if status != http.StatusOK || body != "hijacked" {
		t.Fatalf("got %d %q", status, body)
	}
}

func TestDeadlineWriterAfterTimeout(t *testing.T) {
	gin.SetMode(gin.TestMode)
	rec := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(rec)
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	w := newDeadlineWriter(expired, c.Writer, []byte(`{}`))
	w.timeout()
	w.timeout()
	w.WriteHeader(http.StatusTeapot)
	w.WriteHeaderNow()
	w.Flush()
	if _, err := w.Write([]byte("x")); !errors.Is(err, http.ErrHandlerTimeout) {
		t.Fatalf("write after timeout: %v", err)
	}
	if _, _, err := w.Hijack(); !errors.Is(err, http.ErrHandlerTimeout) {
		t.Fatalf("hijack after timeout: %v", err)
	}
	if !w.finish() || w.Status() != http.StatusGatewayTimeout || w.Size() != 2 || !w.Written() || rec.Body.String() != "{}" {
		t.Fatalf("status %d size %d body %q", w.Status(), w.Size(), rec.Body)
	}
}

// waitForLog waits for the access log, which is written after the response
// has reached the client.
func waitForLog(t *testing.T, logs *logBuffer, match func(map[string]any) bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, msg := range []string{"request", "panic recovered"} {
			for _, line := range logs.lines(t, msg) {
				if match(line) {
					return
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("expected log line never appeared")
}
