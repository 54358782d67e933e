import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { ADMIN_ROLES, MANAGING_ROLES } from './api/me';
import { AppLayout } from './components/AppLayout';
import { RequireOperator, RequireRole } from './components/RequireRole';
import { DashboardPage } from './pages/DashboardPage';
import { NoBusinessPage, NotFoundPage } from './pages/NotFoundPage';

/**
 * A page in its own chunk: the first screen loads only what it shows. The dashboard, where people
 * land, is in the main chunk: React holds back content that suspended for up to 300 ms.
 */
function lazyPage<Name extends string>(load: () => Promise<Record<Name, React.ComponentType>>, name: Name) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const SignUpPage = lazyPage(() => import('./pages/SignUpPage'), 'SignUpPage');
const CheckEmailPage = lazyPage(() => import('./pages/CheckEmailPage'), 'CheckEmailPage');
const LogInPage = lazyPage(() => import('./pages/LogInPage'), 'LogInPage');
const TwoFactorPage = lazyPage(() => import('./pages/TwoFactorPage'), 'TwoFactorPage');
const ForgotPasswordPage = lazyPage(() => import('./pages/PasswordResetPages'), 'ForgotPasswordPage');
const ResetPasswordPage = lazyPage(() => import('./pages/PasswordResetPages'), 'ResetPasswordPage');
const InvitationPage = lazyPage(() => import('./pages/InvitationPage'), 'InvitationPage');
const LocationsPage = lazyPage(() => import('./pages/LocationsPage'), 'LocationsPage');
const TeamPage = lazyPage(() => import('./pages/TeamPage'), 'TeamPage');
const SchedulePage = lazyPage(() => import('./pages/SchedulePage'), 'SchedulePage');
const TimesheetsPage = lazyPage(() => import('./pages/TimesheetsPage'), 'TimesheetsPage');
const PayrollPage = lazyPage(() => import('./pages/PayrollPage'), 'PayrollPage');
const MyShiftsPage = lazyPage(() => import('./pages/MyShiftsPage'), 'MyShiftsPage');
const KioskPage = lazyPage(() => import('./pages/KioskPage'), 'KioskPage');
const SettingsPage = lazyPage(() => import('./pages/SettingsPage'), 'SettingsPage');
const ReportsPage = lazyPage(() => import('./pages/ReportsPage'), 'ReportsPage');
const BillingPage = lazyPage(() => import('./pages/BillingPage'), 'BillingPage');
const WelcomePage = lazyPage(() => import('./pages/WelcomePage'), 'WelcomePage');
const OperatorPage = lazyPage(() => import('./pages/OperatorPage'), 'OperatorPage');

const pageLoader = (
  <Center h="60vh">
    <Loader role="status" aria-label="Loading" />
  </Center>
);

export function App() {
  const managers = (page: React.ReactNode) => <RequireRole roles={MANAGING_ROLES}>{page}</RequireRole>;
  const admins = (page: React.ReactNode) => <RequireRole roles={ADMIN_ROLES}>{page}</RequireRole>;
  return (
    <Suspense fallback={pageLoader}>
      <Routes>
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/check-email" element={<CheckEmailPage />} />
        <Route path="/login" element={<LogInPage />} />
        <Route path="/login/two-factor" element={<TwoFactorPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/invitations/:id" element={<InvitationPage />} />
        <Route path="/kiosk" element={<KioskPage />} />
        <Route element={<AppLayout />}>
          <Route index element={<DashboardPage />} />
          <Route path="/locations" element={managers(<LocationsPage />)} />
          <Route path="/team" element={managers(<TeamPage />)} />
          <Route path="/schedule" element={managers(<SchedulePage />)} />
          <Route path="/timesheets" element={managers(<TimesheetsPage />)} />
          <Route path="/payroll" element={managers(<PayrollPage />)} />
          <Route path="/my-shifts" element={<MyShiftsPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/welcome" element={admins(<WelcomePage />)} />
          <Route path="/reports" element={admins(<ReportsPage />)} />
          <Route path="/billing" element={admins(<BillingPage />)} />
          <Route
            path="/operator"
            element={
              <RequireOperator>
                <OperatorPage />
              </RequireOperator>
            }
          />
          <Route path="/no-business" element={<NoBusinessPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
        <Route path="/home" element={<Navigate to="/" replace />} />
      </Routes>
    </Suspense>
  );
}
