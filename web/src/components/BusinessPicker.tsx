import { Select } from '@mantine/core';
import { ProblemAlert } from './ProblemAlert';
import { useSwitchBusiness } from './TenantSwitcher';

/**
 * The header's business picker, in its own chunk: a Select brings the floating-ui positioning
 * code, which most people (one business) never need.
 */
export function BusinessPicker({
  options,
  currentId,
}: {
  options: { value: string; label: string }[];
  currentId: string | null;
}) {
  const switchBusiness = useSwitchBusiness();
  return (
    <>
      <Select
        aria-label="Business"
        data={options}
        value={currentId}
        placeholder="Choose a business"
        allowDeselect={false}
        disabled={switchBusiness.isPending}
        onChange={(id) => id && id !== currentId && switchBusiness.mutate(id)}
        w={{ base: 150, sm: 220 }}
        size="xs"
      />
      <ProblemAlert error={switchBusiness.error} />
    </>
  );
}
