import { DQOPS_CAPABILITIES } from './dqops/capabilities.js';
import { ROCKSET_CAPABILITIES } from './rockset/capabilities.js';
import type { Capability, Vendor } from './source.js';
import { WALDUR_CAPABILITIES } from './waldur/capabilities.js';

const CAPABILITIES_BY_VENDOR: Readonly<Record<Vendor, readonly Capability[]>> = {
  dqops: DQOPS_CAPABILITIES,
  waldur: WALDUR_CAPABILITIES,
  rockset: ROCKSET_CAPABILITIES,
};

/** The operations a vendor supports, in the order of CAPABILITIES. */
export function capabilitiesOf(vendor: Vendor): readonly Capability[] {
  return CAPABILITIES_BY_VENDOR[vendor];
}
