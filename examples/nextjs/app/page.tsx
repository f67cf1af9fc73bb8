import { OrderForm } from './order-form';

export default function Page() {
  return (
    <main>
      <h1>Signed orders</h1>
      <OrderForm />
    </main>
  );
}
