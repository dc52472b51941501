/** Shared internals of the SDK and the modules built on it: not API (see {@link ai.composo.internal.Internal}). */
@Internal
package ai.composo.internal.retry;

import ai.composo.internal.Internal;
