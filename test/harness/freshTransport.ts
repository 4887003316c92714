import { resetCircuits } from '../../nodes/Semble/transport/circuitBreaker';
import { resetPaces } from '../../nodes/Semble/transport/rateLimiter';

// Each test starts as a fresh n8n process would: a closed circuit and the full rate. A test
// that injects failures would otherwise leave the breaker open for the next one.
beforeEach(() => {
	resetCircuits();
	resetPaces();
});
