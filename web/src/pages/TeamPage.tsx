import { Badge, Button, Group, Stack, Switch, Table, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { ADMIN_ROLES, useMe } from '../api/me';
import { type Employee, useLocations, useTeam } from '../api/queries';
import { AddEmployeeForm } from './AddEmployeeForm';
import { EmployeeDrawer } from './EmployeeDrawer';
import { EmployeeImport } from './EmployeeImport';
import { PageState } from './PageState';
import { TeamAccess } from './TeamAccess';

/**
 * Staff: who works where and who has a kiosk PIN; each person's details, pay rates, PIN and
 * archiving in a drawer; adding someone, or many from a CSV file (owners and admins).
 */
export function TeamPage() {
  const role = useMe().data?.tenant?.role;
  const canManage = role !== undefined && ADMIN_ROLES.includes(role);
  const [showArchived, setShowArchived] = useState(false);
  const [selected, setSelected] = useState<Employee | null>(null);
  const employees = useTeam(showArchived);
  const locations = useLocations();
  const locationName = new Map(locations.data?.map((l) => [l.id, l.name]));
  const locationOptions = locations.data?.map((l) => ({ value: l.id, label: l.name })) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Team</Title>
        <Switch
          label="Show archived"
          checked={showArchived}
          onChange={(event) => setShowArchived(event.currentTarget.checked)}
        />
      </Group>
      <PageState
        pending={employees.isPending}
        error={employees.error}
        empty={employees.data?.length === 0}
        emptyText={canManage ? 'No staff yet. Add the first person below.' : 'No staff yet.'}
      >
        <Table striped aria-label="Employees">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Locations</Table.Th>
              <Table.Th>Kiosk PIN</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {employees.data?.map((employee) => (
              <Table.Tr key={employee.id}>
                <Table.Td>
                  <Group gap="xs">
                    {employee.name}
                    {employee.archived && (
                      <Badge color="gray" variant="outline">
                        Archived
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{employee.email}</Table.Td>
                <Table.Td>{employee.jobRole}</Table.Td>
                <Table.Td>{employee.locationIds.map((id) => locationName.get(id) ?? id).join(', ')}</Table.Td>
                <Table.Td>
                  {employee.hasPin ? <Badge color="teal">Set</Badge> : <Badge color="gray">None</Badge>}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={`Edit ${employee.name}`}
                    onClick={() => setSelected(employee)}
                  >
                    Edit
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      {selected && (
        <EmployeeDrawer
          key={selected.id}
          employee={selected}
          locations={locationOptions}
          canManage={canManage}
          onChange={setSelected}
          onClose={() => setSelected(null)}
        />
      )}
      {canManage && <AddEmployeeForm locations={locationOptions} />}
      {canManage && <EmployeeImport locationNames={locations.data?.map((l) => l.name) ?? []} />}
      <TeamAccess />
    </Stack>
  );
}
