package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// errDeadline is recorded in c.Errors when the deadline answered for the handler.
var errDeadline = errors.New("handler deadline exceeded")

// deadline gives the handler timeout to answer. The request context carries
// the deadline, so a handler that passes it on (database, HTTP clients)
// stops on its own. If the deadline passes first, a timer callback answers
// 504 with a JSON body right away, even when the handler ignores its context,
// and drops whatever the handler writes afterwards.
//
// The handler is never moved to a second goroutine (the design that gives
// gin-contrib/timeout its races): it keeps running on the request goroutine
// until it returns, and the only other writer is the timer callback. Both
// write through deadlineWriter, which lets exactly one of them own the
// response.
func deadline(timeout time.Duration) gin.HandlerFunc {
	body, _ := json.Marshal(ErrorBody{
		Error:   "deadline_exceeded",
		Message: "the request did not complete within " + timeout.String(),
	})
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), timeout)
		defer cancel()
		w := newDeadlineWriter(ctx, c.Writer, body)
		c.Writer = w
		c.Request = c.Request.WithContext(ctx)
		stop := context.AfterFunc(ctx, w.timeout)
		// Deferred so it also runs when the handler panics; the writer stays
		// installed so the middleware outside sees the status actually sent.
		defer func() {
			stop()
			if w.finish() {
				_ = c.Error(errDeadline)
			}
		}()
		c.Next()
	}
}

// deadlineWriter guards the real response writer with a mutex so the
// handler and the deadline's timer never write at the same time. Whichever
// of them first sees that the deadline has passed answers 504 (unless the
// response has started), and from then on the handler's writes are discarded.
//
// The handler gets its own header map, copied to the real one when it
// starts the response: the timer sets headers on the real map, and a map
// shared with a running handler would be a data race.
type deadlineWriter struct {
	gin.ResponseWriter // the real writer; touched only with mu held

	header http.Header     // the handler's headers; used only on the request goroutine
	ctx    context.Context // carries the deadline
	body   []byte          // the 504 body

	mu       sync.Mutex
	timedOut bool // the deadline passed; later writes are dropped
	answered bool // the 504 was written
	done     bool // the handler returned; the timer must not touch the response
}

func newDeadlineWriter(ctx context.Context, w gin.ResponseWriter, body []byte) *deadlineWriter {
	return &deadlineWriter{ResponseWriter: w, header: w.Header().Clone(), ctx: ctx, body: body}
}

// timeout runs on the timer's goroutine when the deadline context is done.
func (w *deadlineWriter) timeout() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.checkLocked()
	}
}

// checkLocked answers 504 once the deadline has passed, unless the handler
// has already started its response. A cancelled parent context means the
// client left, and there is no one to answer. Callers hold mu.
func (w *deadlineWriter) checkLocked() {
	if w.timedOut || !errors.Is(w.ctx.Err(), context.DeadlineExceeded) {
		return
	}
	w.timedOut = true
	if w.ResponseWriter.Written() {
		// Too late to change the status; the cancelled context is all we can do.
		return
	}
	h := w.ResponseWriter.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	// A length lets the client read the whole body now, although the
	// connection stays busy until the handler returns; close it afterwards.
	h.Set("Content-Length", strconv.Itoa(len(w.body)))
	h.Set("Connection", "close")
	w.ResponseWriter.WriteHeader(http.StatusGatewayTimeout)
	_, _ = w.ResponseWriter.Write(w.body)
	w.ResponseWriter.Flush()
	w.answered = true
}

// finish marks the handler as returned and reports whether the deadline
// answered 504 in its place.
func (w *deadlineWriter) finish() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	w.checkLocked()
	if !w.timedOut {
		w.commitHeader()
	}
	return w.answered
}

// commitHeader copies the handler's headers to the real writer until the
// status line is sent. Callers hold mu.
func (w *deadlineWriter) commitHeader() {
	if w.ResponseWriter.Written() {
		return
	}
	dst := w.ResponseWriter.Header()
	clear(dst)
	for k, v := range maps.All(w.header) {
		dst[k] = slices.Clone(v)
	}
}

func (w *deadlineWriter) Header() http.Header { return w.header }

func (w *deadlineWriter) WriteHeader(code int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.checkLocked()
	if !w.timedOut {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *deadlineWriter) WriteHeaderNow() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.checkLocked()
	if !w.timedOut {
		w.commitHeader()
		w.ResponseWriter.WriteHeaderNow()
	}
}

func (w *deadlineWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.checkLocked()
	if w.timedOut {
		return 0, http.ErrHandlerTimeout
	}
	w.commitHeader()
	return w.ResponseWriter.Write(b)
}

func (w *deadlineWriter) WriteString(s string) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.checkLocked()
	if w.timedOut {
		return 0, http.ErrHandlerTimeout
	}
	w.commitHeader()
	return w.ResponseWriter.WriteString(s)
}

func (w *deadlineWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.checkLocked()
	if !w.timedOut {
		w.commitHeader()
		w.ResponseWriter.Flush()
	}
}

func (w *deadlineWriter) Status() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ResponseWriter.Status()
}

func (w *deadlineWriter) Size() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ResponseWriter.Size()
}

func (w *deadlineWriter) Written() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ResponseWriter.Written()
}

// Hijack hands the connection to the handler (WebSockets); from then on the
// deadline no longer answers, since the response is no longer HTTP.
func (w *deadlineWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.checkLocked()
	if w.timedOut {
		return nil, nil, http.ErrHandlerTimeout
	}
	w.done = true
	w.commitHeader()
	return w.ResponseWriter.Hijack()
}
